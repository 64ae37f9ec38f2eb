using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Planning;

/// <summary>A validated campaign turned into jobs with stable ids, in input order.</summary>
/// <param name="Spec">The campaign spec.</param>
/// <param name="Jobs">Every job, in input order.</param>
public sealed record CampaignPlan(CampaignSpec Spec, IReadOnlyList<PlannedJob> Jobs);

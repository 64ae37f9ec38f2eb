namespace AutoPipe.Client.Dashboard;

/// <summary>The dashboard cannot listen where it was told (an address not on this machine, every port tried taken): exit 2.</summary>
internal sealed class DashboardAddressException : Exception
{
    public DashboardAddressException(string message)
        : base(message)
    {
    }
}

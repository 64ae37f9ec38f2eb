using System.Text.Json;
using System.Text.Json.Serialization;

namespace AutoPipe.Core.Runtime;

/// <summary>
/// Writes a <see cref="FailedJob"/> as the string <c>job: reason</c> and reads it back, so that payloads written
/// before the record existed (histories, continue-as-new states, query answers) read as records and new ones read
/// as before.
/// </summary>
public sealed class FailedJobJsonConverter : JsonConverter<FailedJob>
{
    /// <inheritdoc/>
    public override FailedJob Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? FailedJob.Parse(reader.GetString()!)
            : throw new JsonException($"a failed job is a string, \"job: reason\", not {reader.TokenType}");

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, FailedJob value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.ToString());
    }
}

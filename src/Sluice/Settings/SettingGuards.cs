namespace Sluice.Settings;

/// <summary>
/// The checks every settings record runs in its <c>init</c> accessors: an invalid value raises
/// <see cref="ArgumentOutOfRangeException"/> naming the setting and the accepted range.
/// </summary>
internal static class SettingGuards
{
    public static string NotBlank(string value, string name) => !string.IsNullOrWhiteSpace(value)
        ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must not be empty.");

    public static int AtLeast(int value, int minimum, string name) => value >= minimum
        ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must be {minimum} or more.");

    public static long AtLeast(long value, long minimum, string name) => value >= minimum
        ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must be {minimum} or more.");

    public static TimeSpan NotNegative(TimeSpan value, string name) => value >= TimeSpan.Zero
        ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must be zero or more.");

    public static TimeSpan Positive(TimeSpan value, string name) => value > TimeSpan.Zero
        ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must be longer than zero.");

    public static string ValidPattern(string value, string name)
    {
        NotBlank(value, name);
        try
        {
            _ = new Group.TopicMatcher(value);
            return value;
        }
        catch (ArgumentException e)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is not a valid regular expression: {e.Message}");
        }
    }
}

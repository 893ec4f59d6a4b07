using Akka.Configuration;

namespace Sluice.Settings;

/// <summary>
/// One HOCON key of a settings block: its name, what it accepts (for error messages) and how it sets the value
/// on a settings record. A block's table of keys is also the list of keys it knows.
/// </summary>
internal sealed record HoconKey<T>(string Name, string Accepted, Func<Config, string, T, T> Apply);

using System.Collections;
using Xunit;

namespace Sluice.Tests.Settings;

/// <summary>Compares two settings records property by property, so a failure names the setting that differs.</summary>
internal static class SettingsAssert
{
    public static void SameValues<T>(T expected, T actual) where T : class
    {
        foreach (var property in typeof(T).GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
        {
            var e = property.GetValue(expected);
            var a = property.GetValue(actual);
            if (e is IEnumerable list and not string)
                Assert.True(list.Cast<object>().SequenceEqual(((IEnumerable)a!).Cast<object>()), $"{typeof(T).Name}.{property.Name}: expected [{string.Join(", ", list.Cast<object>())}], got [{string.Join(", ", ((IEnumerable)a!).Cast<object>())}]");
            else
                Assert.True(Equals(e, a), $"{typeof(T).Name}.{property.Name}: expected {e}, got {a}");
        }
    }
}

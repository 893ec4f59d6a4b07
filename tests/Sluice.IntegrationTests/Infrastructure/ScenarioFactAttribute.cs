using Xunit;
using Xunit.Sdk;

namespace Sluice.IntegrationTests.Infrastructure;

/// <summary>
/// A scenario written once in an abstract class and run by one derived class per broker backend (marked
/// <see cref="RunsOnAttribute"/>). Where that backend cannot run on this machine the test is reported as
/// skipped with the reason; everything else still runs.
/// </summary>
[XunitTestCaseDiscoverer("Sluice.IntegrationTests.Infrastructure.ScenarioFactDiscoverer", "Sluice.IntegrationTests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ScenarioFactAttribute : FactAttribute;

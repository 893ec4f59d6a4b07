using Sluice.TestKit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Sluice.IntegrationTests.Infrastructure;

/// <summary>Turns a <see cref="ScenarioFactAttribute"/> into a test case, skipped when its backend cannot run.</summary>
public sealed class ScenarioFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    /// <inheritdoc />
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var runsOn = testMethod.TestClass.Class.GetCustomAttributes(typeof(RunsOnAttribute)).FirstOrDefault();
        if (runsOn is null)
        {
            yield return new ExecutionErrorTestCase(diagnosticMessageSink, display, displayOptions, testMethod,
                $"{testMethod.TestClass.Class.Name} has scenario tests but no [RunsOn] backend.");
            yield break;
        }

        // Attribute metadata hands enum arguments over as their underlying number.
        var backend = (TestBrokerBackend)Enum.ToObject(typeof(TestBrokerBackend), runsOn.GetConstructorArguments().Single()!);
        var reason = KafkaTestClusters.UnavailableReason(backend);
        yield return reason is null
            ? new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)
            : new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, $"{backend} backend unavailable: {reason}");
    }
}

namespace Sluice.Hosting.Tests;

/// <summary>The registry key of the "orders" consumer in these tests.</summary>
internal sealed class Orders;

/// <summary>The registry key of the "audit" consumer in these tests.</summary>
internal sealed class Audit;

namespace Sluice.Cli.Demo;

/// <summary>Where a demo member is in its life.</summary>
internal enum DemoMemberLife
{
    /// <summary>In the group, processing.</summary>
    Running,

    /// <summary>Draining, committing and leaving.</summary>
    Stopping,

    /// <summary>Left the group gracefully.</summary>
    Stopped,

    /// <summary>Its actor system was terminated without leaving the group.</summary>
    Killed,
}

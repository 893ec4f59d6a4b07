namespace Sluice;

/// <summary>One partition of one topic.</summary>
// A class, not a struct: collections keyed by a reference type share the runtime's precompiled code, while each
// one keyed by a struct of Sluice's is compiled at run time (about 150 methods and their memory in every process).
public sealed record TopicPartition(string Topic, int Partition)
{
    /// <inheritdoc />
    public override string ToString() => $"{Topic}-{Partition}";
}

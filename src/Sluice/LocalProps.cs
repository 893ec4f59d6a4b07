using Akka.Actor;

namespace Sluice;

/// <summary>
/// Props for Sluice's own actors, made from a plain factory. Akka's expression form (<c>Props.Create(() =&gt; new
/// T(...))</c>) builds an expression tree at every call and reads the arguments back out of it by reflection; these
/// actors are only ever created locally, so a delegate gives the same fresh instance per start or restart without
/// either.
/// </summary>
internal static class LocalProps
{
    /// <summary>Props whose every incarnation is made by <paramref name="factory"/>.</summary>
    public static Props Of<TActor>(Func<TActor> factory)
        where TActor : ActorBase => Props.CreateBy(new Producer<TActor>(factory));

    private sealed class Producer<TActor>(Func<TActor> factory) : IIndirectActorProducer
        where TActor : ActorBase
    {
        public Type ActorType => typeof(TActor);

        public ActorBase Produce() => factory();

        public void Release(ActorBase actor)
        {
        }
    }
}

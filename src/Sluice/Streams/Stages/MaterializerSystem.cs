using Akka.Actor;
using Akka.Streams;

namespace Sluice.Streams.Stages;

/// <summary>The actor system a Sluice source starts its member or consumer in: the materializer's own.</summary>
internal static class MaterializerSystem
{
    /// <exception cref="InvalidOperationException">The materializer is not an <see cref="ActorMaterializer"/>.</exception>
    public static ActorSystem Of(IMaterializer materializer) =>
        (materializer as ActorMaterializer ?? throw new InvalidOperationException("Sluice sources need an ActorMaterializer.")).System;
}

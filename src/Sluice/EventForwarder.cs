using System.Threading.Channels;
using Akka.Actor;

namespace Sluice;

/// <summary>Writes the events it is sent to a channel, so code outside the actor system can read them.</summary>
internal sealed class EventForwarder<TEvent>(ChannelWriter<TEvent> events) : UntypedActor
{
    /// <summary>Props of a forwarder into <paramref name="events"/>.</summary>
    public static Props Props(ChannelWriter<TEvent> events) => LocalProps.Of(() => new EventForwarder<TEvent>(events));

    protected override void OnReceive(object message)
    {
        if (message is TEvent e)
            events.TryWrite(e);
        else
            Unhandled(message);
    }
}

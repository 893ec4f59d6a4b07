using Akka.Event;
namespace Sluice.Fetch;

internal sealed partial class PartitionReader
{
    private void OnPartitionError(BrokerFetcher.PartitionError message)
    {
        if (!_partitions.TryGetValue(message.Partition, out var state) || state.Era != message.Era || state.FetchPosition != message.FetchOffset)
            return;

        switch (message.Kind)
        {
            case FetchErrorKind.LeaderChanged:
                // Keep the position; stop fetching from the old leader until metadata names the new one.
                _log.Info("{0}: {1}; looking up its leader", state.Partition, message.Error.Message);
                state.LeaderUnconfirmed = true;
                _metadataStale = true;
                break;

            case FetchErrorKind.OffsetOutOfRange:
                // Records already buffered were valid when fetched and stay deliverable.
                _log.Warning("{0}: offset {1} is out of range; resetting to {2}", state.Partition, message.FetchOffset, _settings.AutoOffsetReset);
                state.Era++;
                state.ResetFrom = message.FetchOffset;
                state.ResetReason = $"offset {message.FetchOffset} out of range";
                state.FetchPosition = null;
                state.Unresolved = StartPosition.From(_settings.AutoOffsetReset);
                break;

            case FetchErrorKind.Fatal:
                Fail(state, message.Error);
                ServePolls();
                break;

            default:
                _log.Info("{0}: {1}; retrying in {2} ms", state.Partition, message.Error.Message, _settings.FetchErrorBackoff.TotalMilliseconds);
                state.RetryAfter = DateTime.UtcNow + _settings.FetchErrorBackoff;
                break;
        }

        Route();
    }

    // The partition is left out of fetches until seeked or reassigned; the application hears of it after the
    // records buffered before it.
    private void Fail(PartitionState state, Exception error)
    {
        _log.Error("{0} cannot advance: {1}", state.Partition, error.Message);
        state.Failure = error;
        state.FailureReported = false;
        Publish(new FetchEvent.PartitionFailed(state.Partition, error));
    }
}

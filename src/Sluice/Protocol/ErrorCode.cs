namespace Sluice.Protocol;

/// <summary>
/// Error codes a Kafka broker returns, by their protocol number. A code a broker sends that is not listed here
/// still round-trips as its number; what a client does about each code is decided in one place, not here.
/// </summary>
public enum ErrorCode : short
{
    /// <summary>Kafka error -1.</summary>
    UnknownServerError = -1,

    /// <summary>Kafka error 0.</summary>
    None = 0,

    /// <summary>Kafka error 1.</summary>
    OffsetOutOfRange = 1,

    /// <summary>Kafka error 2.</summary>
    CorruptMessage = 2,

    /// <summary>Kafka error 3.</summary>
    UnknownTopicOrPartition = 3,

    /// <summary>Kafka error 4.</summary>
    InvalidFetchSize = 4,

    /// <summary>Kafka error 5.</summary>
    LeaderNotAvailable = 5,

    /// <summary>Kafka error 6.</summary>
    NotLeaderOrFollower = 6,

    /// <summary>Kafka error 7.</summary>
    RequestTimedOut = 7,

    /// <summary>Kafka error 8.</summary>
    BrokerNotAvailable = 8,

    /// <summary>Kafka error 9.</summary>
    ReplicaNotAvailable = 9,

    /// <summary>Kafka error 10.</summary>
    MessageTooLarge = 10,

    /// <summary>Kafka error 11.</summary>
    StaleControllerEpoch = 11,

    /// <summary>Kafka error 12.</summary>
    OffsetMetadataTooLarge = 12,

    /// <summary>Kafka error 13.</summary>
    NetworkException = 13,

    /// <summary>Kafka error 14.</summary>
    CoordinatorLoadInProgress = 14,

    /// <summary>Kafka error 15.</summary>
    CoordinatorNotAvailable = 15,

    /// <summary>Kafka error 16.</summary>
    NotCoordinator = 16,

    /// <summary>Kafka error 17.</summary>
    InvalidTopicException = 17,

    /// <summary>Kafka error 18.</summary>
    RecordListTooLarge = 18,

    /// <summary>Kafka error 19.</summary>
    NotEnoughReplicas = 19,

    /// <summary>Kafka error 20.</summary>
    NotEnoughReplicasAfterAppend = 20,

    /// <summary>Kafka error 21.</summary>
    InvalidRequiredAcks = 21,

    /// <summary>Kafka error 22.</summary>
    IllegalGeneration = 22,

    /// <summary>Kafka error 23.</summary>
    InconsistentGroupProtocol = 23,

    /// <summary>Kafka error 24.</summary>
    InvalidGroupId = 24,

    /// <summary>Kafka error 25.</summary>
    UnknownMemberId = 25,

    /// <summary>Kafka error 26.</summary>
    InvalidSessionTimeout = 26,

    /// <summary>Kafka error 27.</summary>
    RebalanceInProgress = 27,

    /// <summary>Kafka error 28.</summary>
    InvalidCommitOffsetSize = 28,

    /// <summary>Kafka error 29.</summary>
    TopicAuthorizationFailed = 29,

    /// <summary>Kafka error 30.</summary>
    GroupAuthorizationFailed = 30,

    /// <summary>Kafka error 31.</summary>
    ClusterAuthorizationFailed = 31,

    /// <summary>Kafka error 32.</summary>
    InvalidTimestamp = 32,

    /// <summary>Kafka error 33.</summary>
    UnsupportedSaslMechanism = 33,

    /// <summary>Kafka error 34.</summary>
    IllegalSaslState = 34,

    /// <summary>Kafka error 35.</summary>
    UnsupportedVersion = 35,

    /// <summary>Kafka error 36.</summary>
    TopicAlreadyExists = 36,

    /// <summary>Kafka error 37.</summary>
    InvalidPartitions = 37,

    /// <summary>Kafka error 38.</summary>
    InvalidReplicationFactor = 38,

    /// <summary>Kafka error 39.</summary>
    InvalidReplicaAssignment = 39,

    /// <summary>Kafka error 40.</summary>
    InvalidConfig = 40,

    /// <summary>Kafka error 41.</summary>
    NotController = 41,

    /// <summary>Kafka error 42.</summary>
    InvalidRequest = 42,

    /// <summary>Kafka error 43.</summary>
    UnsupportedForMessageFormat = 43,

    /// <summary>Kafka error 44.</summary>
    PolicyViolation = 44,

    /// <summary>Kafka error 45.</summary>
    OutOfOrderSequenceNumber = 45,

    /// <summary>Kafka error 46.</summary>
    DuplicateSequenceNumber = 46,

    /// <summary>Kafka error 47.</summary>
    InvalidProducerEpoch = 47,

    /// <summary>Kafka error 48.</summary>
    InvalidTxnState = 48,

    /// <summary>Kafka error 49.</summary>
    InvalidProducerIdMapping = 49,

    /// <summary>Kafka error 50.</summary>
    InvalidTransactionTimeout = 50,

    /// <summary>Kafka error 51.</summary>
    ConcurrentTransactions = 51,

    /// <summary>Kafka error 52.</summary>
    TransactionCoordinatorFenced = 52,

    /// <summary>Kafka error 53.</summary>
    TransactionalIdAuthorizationFailed = 53,

    /// <summary>Kafka error 54.</summary>
    SecurityDisabled = 54,

    /// <summary>Kafka error 55.</summary>
    OperationNotAttempted = 55,

    /// <summary>Kafka error 56.</summary>
    KafkaStorageError = 56,

    /// <summary>Kafka error 57.</summary>
    LogDirNotFound = 57,

    /// <summary>Kafka error 58.</summary>
    SaslAuthenticationFailed = 58,

    /// <summary>Kafka error 59.</summary>
    UnknownProducerId = 59,

    /// <summary>Kafka error 60.</summary>
    ReassignmentInProgress = 60,

    /// <summary>Kafka error 61.</summary>
    DelegationTokenAuthDisabled = 61,

    /// <summary>Kafka error 62.</summary>
    DelegationTokenNotFound = 62,

    /// <summary>Kafka error 63.</summary>
    DelegationTokenOwnerMismatch = 63,

    /// <summary>Kafka error 64.</summary>
    DelegationTokenRequestNotAllowed = 64,

    /// <summary>Kafka error 65.</summary>
    DelegationTokenAuthorizationFailed = 65,

    /// <summary>Kafka error 66.</summary>
    DelegationTokenExpired = 66,

    /// <summary>Kafka error 67.</summary>
    InvalidPrincipalType = 67,

    /// <summary>Kafka error 68.</summary>
    NonEmptyGroup = 68,

    /// <summary>Kafka error 69.</summary>
    GroupIdNotFound = 69,

    /// <summary>Kafka error 70.</summary>
    FetchSessionIdNotFound = 70,

    /// <summary>Kafka error 71.</summary>
    InvalidFetchSessionEpoch = 71,

    /// <summary>Kafka error 72.</summary>
    ListenerNotFound = 72,

    /// <summary>Kafka error 73.</summary>
    TopicDeletionDisabled = 73,

    /// <summary>Kafka error 74.</summary>
    FencedLeaderEpoch = 74,

    /// <summary>Kafka error 75.</summary>
    UnknownLeaderEpoch = 75,

    /// <summary>Kafka error 76.</summary>
    UnsupportedCompressionType = 76,

    /// <summary>Kafka error 77.</summary>
    StaleBrokerEpoch = 77,

    /// <summary>Kafka error 78.</summary>
    OffsetNotAvailable = 78,

    /// <summary>Kafka error 79.</summary>
    MemberIdRequired = 79,

    /// <summary>Kafka error 80.</summary>
    PreferredLeaderNotAvailable = 80,

    /// <summary>Kafka error 81.</summary>
    GroupMaxSizeReached = 81,

    /// <summary>Kafka error 82.</summary>
    FencedInstanceId = 82,

    /// <summary>Kafka error 83.</summary>
    EligibleLeadersNotAvailable = 83,

    /// <summary>Kafka error 84.</summary>
    ElectionNotNeeded = 84,

    /// <summary>Kafka error 85.</summary>
    NoReassignmentInProgress = 85,

    /// <summary>Kafka error 86.</summary>
    GroupSubscribedToTopic = 86,

    /// <summary>Kafka error 87.</summary>
    InvalidRecord = 87,

    /// <summary>Kafka error 88.</summary>
    UnstableOffsetCommit = 88,

    /// <summary>Kafka error 89.</summary>
    ThrottlingQuotaExceeded = 89,

    /// <summary>Kafka error 90.</summary>
    ProducerFenced = 90,

    /// <summary>Kafka error 91.</summary>
    ResourceNotFound = 91,

    /// <summary>Kafka error 92.</summary>
    DuplicateResource = 92,

    /// <summary>Kafka error 93.</summary>
    UnacceptableCredential = 93,

    /// <summary>Kafka error 94.</summary>
    InconsistentVoterSet = 94,

    /// <summary>Kafka error 95.</summary>
    InvalidUpdateVersion = 95,

    /// <summary>Kafka error 96.</summary>
    FeatureUpdateFailed = 96,

    /// <summary>Kafka error 97.</summary>
    PrincipalDeserializationFailure = 97,

    /// <summary>Kafka error 98.</summary>
    SnapshotNotFound = 98,

    /// <summary>Kafka error 99.</summary>
    PositionOutOfRange = 99,

    /// <summary>Kafka error 100.</summary>
    UnknownTopicId = 100,

    /// <summary>Kafka error 101.</summary>
    DuplicateBrokerRegistration = 101,

    /// <summary>Kafka error 102.</summary>
    BrokerIdNotRegistered = 102,

    /// <summary>Kafka error 103.</summary>
    InconsistentTopicId = 103,

    /// <summary>Kafka error 104.</summary>
    InconsistentClusterId = 104,

    /// <summary>Kafka error 105.</summary>
    TransactionalIdNotFound = 105,

    /// <summary>Kafka error 106.</summary>
    FetchSessionTopicIdError = 106,

    /// <summary>Kafka error 107.</summary>
    IneligibleReplica = 107,

    /// <summary>Kafka error 108.</summary>
    NewLeaderElected = 108,

    /// <summary>Kafka error 109.</summary>
    OffsetMovedToTieredStorage = 109,

    /// <summary>Kafka error 110.</summary>
    FencedMemberEpoch = 110,

    /// <summary>Kafka error 111.</summary>
    UnreleasedInstanceId = 111,

    /// <summary>Kafka error 112.</summary>
    UnsupportedAssignor = 112,

    /// <summary>Kafka error 113.</summary>
    StaleMemberEpoch = 113,

    /// <summary>Kafka error 114.</summary>
    MismatchedEndpointType = 114,

    /// <summary>Kafka error 115.</summary>
    UnsupportedEndpointType = 115,

    /// <summary>Kafka error 116.</summary>
    UnknownControllerId = 116,

    /// <summary>Kafka error 117.</summary>
    UnknownSubscriptionId = 117,

    /// <summary>Kafka error 118.</summary>
    TelemetryTooLarge = 118,

    /// <summary>Kafka error 119.</summary>
    InvalidRegistration = 119,

    /// <summary>Kafka error 120.</summary>
    TransactionAbortable = 120,

    /// <summary>Kafka error 121.</summary>
    InvalidRecordState = 121,

    /// <summary>Kafka error 122.</summary>
    ShareSessionNotFound = 122,

    /// <summary>Kafka error 123.</summary>
    InvalidShareSessionEpoch = 123,

    /// <summary>Kafka error 124.</summary>
    FencedStateEpoch = 124,

    /// <summary>Kafka error 125.</summary>
    InvalidVoterKey = 125,

    /// <summary>Kafka error 126.</summary>
    DuplicateVoter = 126,

    /// <summary>Kafka error 127.</summary>
    VoterNotFound = 127,

    /// <summary>Kafka error 128.</summary>
    InvalidRegularExpression = 128,

    /// <summary>Kafka error 129.</summary>
    RebootstrapRequired = 129,
}

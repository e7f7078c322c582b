import type { ErrorCodeInfo } from './eventspec-error.js';

// Every code of the errors @eventspec/core throws: what it means and how to fix it. EventspecError's `code` is
// typed from these tables (with the codes the other packages add), and docs/errors.md is written from them
// (`pnpm docs:write`; `pnpm lint` fails when it drifts). Add a row here with every new code.

export const coreErrorCodes = {
  EVENTSPEC_BROKER_BAD_OPTION: {
    meaning:
      'An in-memory broker option, name or binding pattern cannot be used: not a whole number ≥ 1, an empty or non-string name, an unknown exchange type.',
    fix: 'Pass what the message asks for: a positive integer (partitions, maxAttempts, …), a non-empty string name, a string pattern.',
  },
  EVENTSPEC_BROKER_CLOSED: {
    meaning: 'An in-memory broker was used after close().',
    fix: 'Create a new broker per test, or hold it with `await using`.',
  },
  EVENTSPEC_BROKER_EXCHANGE_MISMATCH: {
    meaning: 'An exchange was declared again with another type (AMQP PRECONDITION_FAILED).',
    fix: 'Declare it with the type it has, or use another name.',
  },
  EVENTSPEC_BROKER_SETTLE_TIMEOUT: {
    meaning: '`settle()` waited longer than its timeout for in-flight messages.',
    fix: 'Look for a handler that never resolves, or raise `settle({ timeout })`.',
  },
  EVENTSPEC_BROKER_UNKNOWN_DESTINATION: {
    meaning: 'A publish, bind or subscribe named an exchange or queue not declared (AMQP NOT_FOUND).',
    fix: 'Declare it first with `declareExchange()` / `declareQueue()`.',
  },
  EVENTSPEC_CAUSALITY_BROKEN: {
    meaning: "An output does not keep its trigger's correlation id or does not name it as its cause.",
    fix: 'Build outputs with `causedBy(trigger, output)`; the failure draws the broken chain.',
  },
  EVENTSPEC_CLOCK_BAD_DURATION: {
    meaning: 'A duration cannot be read.',
    fix: 'Pass milliseconds or `{ minutes: 5 }`-style parts.',
  },
  EVENTSPEC_CLOCK_BAD_INSTANT: {
    meaning: 'An instant cannot be read.',
    fix: 'Pass a `Date`, epoch milliseconds or an ISO-8601 string.',
  },
  EVENTSPEC_DELIVERY_BAD_CRASH_POINTS: {
    meaning: "`crashPoints(world)` returned something other than an object of the world's dependencies.",
    fix: 'Return `{ name: dependency }` for each dependency whose calls may fail or crash.',
  },
  EVENTSPEC_DELIVERY_BAD_OPTIONS: {
    meaning: '`checkDelivery` options are invalid (every problem is listed).',
    fix: 'Fix each listed option; the message names the allowed values.',
  },
  EVENTSPEC_DELIVERY_BROKER_STALLED: {
    meaning:
      'On a real broker, messages were never acknowledged or dead-lettered within `broker.settleTimeout`.',
    fix: 'Find why the consumer stopped (the message names the messages), or raise the timeout.',
  },
  EVENTSPEC_DELIVERY_CALLBACK_FAILED: {
    meaning: '`setup`, `observe` or another callback other than `handle` threw.',
    fix: 'Only `handle` may throw (that nacks); fix the callback.',
  },
  EVENTSPEC_DELIVERY_CALLBACK_TIMEOUT: {
    meaning: 'A callback did not settle within its bound.',
    fix: 'Look for a missing resolve or an await on something that never settles.',
  },
  EVENTSPEC_DELIVERY_CANNOT_CRASH: {
    meaning: "The broker's subscriptions have no `crash()`, so crash faults cannot run.",
    fix: 'Use a broker whose subscriptions can crash, or turn crash faults off.',
  },
  EVENTSPEC_DELIVERY_CAUSALITY_NEEDS_MESSAGES: {
    meaning: '`checkDelivery({ causality })` got an arbitrary instead of an array of messages.',
    fix: 'Pass `messages` as an array.',
  },
  EVENTSPEC_DELIVERY_CONCURRENCY_ANOMALY: {
    meaning: 'Deliveries in flight at once produced a result no one-at-a-time delivery gives.',
    fix: "Make the handler's read-modify-write atomic (a transaction, a conditional write, a lock per key).",
  },
  EVENTSPEC_DELIVERY_CRASH_WINDOW_DUPLICATE: {
    meaning: 'A crash after an effect and before the ack made the redelivery repeat the effect.',
    fix: 'Record the message id in the same transaction as the effect (or use an outbox).',
  },
  EVENTSPEC_DELIVERY_DUPLICATED_EFFECT: {
    meaning: 'Delivering a message more than once changed the result.',
    fix: 'Make the handler idempotent: remember handled message ids, or make the effect naturally idempotent.',
  },
  EVENTSPEC_DELIVERY_HANDLER_TIMEOUT: {
    meaning: 'A delivery did not settle within the handler timeout.',
    fix: 'Find the await that never settles; raise `timeout` only if the handler is just slow.',
  },
  EVENTSPEC_DELIVERY_LOST_EFFECT: {
    meaning: 'A fault made an effect of the reference run disappear.',
    fix: 'Do not ack before the effect is durable; let a failure nack so the message is redelivered.',
  },
  EVENTSPEC_DELIVERY_MESSAGE_MUTATED: {
    meaning: 'The handler changed a message it was given.',
    fix: 'Copy before changing: each delivery gets the same message.',
  },
  EVENTSPEC_DELIVERY_NON_DETERMINISTIC: {
    meaning: 'The same delivery plan gave different results on two runs.',
    fix: 'Take time, randomness and ids from the world (`setup`), not from globals.',
  },
  EVENTSPEC_DELIVERY_NO_SUBSCRIPTION: {
    meaning: '`subscribedHandler(start)` did not make exactly one subscription on the real broker.',
    fix: 'Subscribe once (to the source named in the options) in `start`.',
  },
  EVENTSPEC_DELIVERY_ORDER_DEPENDENT: {
    meaning: 'Delivering messages in another order changed the result.',
    fix: 'Handle out-of-order messages (versions, last-write-wins by timestamp), or keep per-key order.',
  },
  EVENTSPEC_DELIVERY_POISON_MESSAGE: {
    meaning: 'A message failed on every delivery and was never handled.',
    fix: 'Fix the handler for that message, or dead-letter it on purpose.',
  },
  EVENTSPEC_DELIVERY_SHARED_CRASH_POINT: {
    meaning: '`crashPoints(world)` returned an object an earlier run already used.',
    fix: 'Build fresh dependencies in `setup` for every run.',
  },
  EVENTSPEC_DELIVERY_SHARED_WORLD: {
    meaning: '`setup()` returned the same world twice.',
    fix: 'Build fresh dependencies in `setup` for every run.',
  },
  EVENTSPEC_EVOLUTION_BAD_OPTIONS: {
    meaning: 'checkUpcastRoundTrip() was given a `runs`, `seed` or `path` it cannot search with.',
    fix: 'Pass a whole number of runs, and the seed and path a failure printed.',
  },
  EVENTSPEC_EVOLUTION_BAD_VERSION: {
    meaning: 'An upcaster was registered from a version that is not a whole number from 1.',
    fix: 'Register `register(type, n, upcast)` from `Type@n` to `Type@n+1`.',
  },
  EVENTSPEC_EVOLUTION_CONTRACT_VIOLATED: {
    meaning: 'A stored event or its upcast does not satisfy the contract of its version.',
    fix: "Fix the event to match its version's contract, or the upcaster to produce what the latest contract describes.",
  },
  EVENTSPEC_EVOLUTION_CYCLE: {
    meaning: 'Upcasters lead back to a version already passed.',
    fix: 'Make each upcaster move to a later version.',
  },
  EVENTSPEC_EVOLUTION_DUPLICATE_UPCASTER: {
    meaning: 'Two upcasters are registered for one `Type@n`.',
    fix: 'Keep one.',
  },
  EVENTSPEC_EVOLUTION_GAP: {
    meaning: 'An event is at a version with no upcaster to the next.',
    fix: 'Register the missing upcaster (`verify()` lists every gap).',
  },
  EVENTSPEC_EVOLUTION_ROUND_TRIP: {
    meaning: 'Writing an old version and upcasting it does not give the state of the latest version.',
    fix: 'Fix the upcaster or the version writer the shrunk history names.',
  },
  EVENTSPEC_EVOLUTION_UNKNOWN_VERSION: {
    meaning: 'An event is newer than the latest version the registry knows.',
    fix: 'Register its upcaster, or declare it with `latest(type, version)`.',
  },
  EVENTSPEC_REPLAY_BAD_MODULE: {
    meaning: 'The `--module` of `eventspec replay` cannot be used.',
    fix: 'Export what the message names (the target, and the history if not given on the command line).',
  },
  EVENTSPEC_REPLAY_BAD_OPTIONS: {
    meaning: '`replayHistory` options are invalid (every problem is listed).',
    fix: 'Fix each listed option.',
  },
  EVENTSPEC_REPLAY_FAILED: {
    meaning: 'Replaying the history failed: events the target rejects or cannot read.',
    fix: 'Read the report: each failure names the stream, the position and the fix.',
  },
  EVENTSPEC_REPLAY_MISSING_COLUMN: {
    meaning: 'The SQL query of a history returns no column a field needs.',
    fix: 'Select the column, or map the field to the column you have.',
  },
  EVENTSPEC_REPLAY_SOURCE_FAILED: {
    meaning: 'Reading the history failed.',
    fix: 'Fix the source (file, query, topic) the message names.',
  },
  EVENTSPEC_SPEC_ASYNC_EVOLVE: {
    meaning: '`evolve` returned a promise.',
    fix: 'Make `evolve` synchronous: it folds an event into the state.',
  },
  EVENTSPEC_SPEC_AT_AFTER_START: {
    meaning: '`at()` was called after `given()` or `when()`.',
    fix: 'Call `at()` first; move the clock later with `advanceTo` / `advanceBy`.',
  },
  EVENTSPEC_SPEC_BAD_DECISION: {
    meaning: '`decide` returned something that is not an event, an array of events or nothing.',
    fix: 'Return one event, an array of events, or nothing.',
  },
  EVENTSPEC_SPEC_BAD_ERROR_EXPECTATION: {
    meaning: '`thenError()` got a class that does not extend Error, or an expectation it cannot read.',
    fix: 'Pass an Error class, a message (string or RegExp), or both.',
  },
  EVENTSPEC_SPEC_BAD_IGNORE: {
    meaning: '`ignore` is not an array of field paths.',
    fix: "Pass paths such as `['metadata.recordedAt', 'data.lines[*].addedAt']`.",
  },
  EVENTSPEC_SPEC_BAD_MODEL: {
    meaning: "A projection's read model or initial state has the wrong shape.",
    fix: 'Pass what the message names (a plain object or a factory).',
  },
  EVENTSPEC_SPEC_BAD_OPTIONS: {
    meaning: 'A scenario option has a value it cannot take.',
    fix: 'Use one of the values the message lists.',
  },
  EVENTSPEC_SPEC_BAD_OUTPUTS: {
    meaning: '`thenInOrder()` got outputs it cannot compare.',
    fix: 'Pass the outputs as `react` returns them (send, publish, schedule, cancel).',
  },
  EVENTSPEC_SPEC_BAD_STREAM_OF: {
    meaning: '`reorder.streamOf` threw on an event.',
    fix: 'Make `streamOf` return a stream id for every given event.',
  },
  EVENTSPEC_SPEC_BAD_TIMEOUT: {
    meaning: 'A spec timeout is not a number of milliseconds above 0.',
    fix: 'Pass milliseconds, or `Infinity` for no limit.',
  },
  EVENTSPEC_SPEC_CLOCK_BACKWARDS: {
    meaning: '`advanceTo()` would move the clock back.',
    fix: 'Advance to a later instant.',
  },
  EVENTSPEC_SPEC_ERROR_EXPECTED: {
    meaning: '`thenError()`: the command was accepted.',
    fix: 'Fix `decide` to reject the command, or expect its events with `then()`.',
  },
  EVENTSPEC_SPEC_EVENTS_MISMATCH: {
    meaning: '`then()` / `thenNothing()`: the events differ.',
    fix: 'Read the diff: fix `decide`, or the expected events.',
  },
  EVENTSPEC_SPEC_EVOLVE_FAILED: {
    meaning: '`evolve` threw while folding the given or emitted events.',
    fix: 'Fix `evolve` for the event the failure names.',
  },
  EVENTSPEC_SPEC_GIVEN_FAILED: {
    meaning: 'The given history could not be built.',
    fix: 'Fix the given command or event the failure names.',
  },
  EVENTSPEC_SPEC_GIVEN_NOT_ARRAY: {
    meaning: '`given()` got something other than an array.',
    fix: 'Pass an array: `given([event])`.',
  },
  EVENTSPEC_SPEC_INITIAL_STATE_NOT_COPYABLE: {
    meaning: "A projection's initial state holds a value eventspec cannot copy (a class instance).",
    fix: 'Use plain data, or pass a factory that builds the state.',
  },
  EVENTSPEC_SPEC_INVARIANT_BROKEN: {
    meaning: 'An invariant failed on a (shrunk) command history.',
    fix: 'Fix `decide` so the invariant holds; the failure prints the history and the replay seed.',
  },
  EVENTSPEC_SPEC_NON_ERROR_THROWN: {
    meaning: '`decide` or `react` threw something that is not an Error.',
    fix: 'Throw Error instances.',
  },
  EVENTSPEC_SPEC_NOT_AWAITED: {
    meaning: 'An async scenario was never awaited, so it checked nothing.',
    fix: '`await` (or return) the scenario.',
  },
  EVENTSPEC_SPEC_NO_WHEN: {
    meaning: 'A terminal step was called without `when()`.',
    fix: 'Call `when(command)` first.',
  },
  EVENTSPEC_SPEC_OUTPUTS_MISMATCH: {
    meaning: 'Process manager: the outputs differ.',
    fix: 'Read the diff: fix `react`, or the expected outputs.',
  },
  EVENTSPEC_SPEC_PATTERN_MISMATCH: {
    meaning: '`thenMatch()`: the events do not match the patterns.',
    fix: 'Read the diff: fix `decide`, or the patterns.',
  },
  EVENTSPEC_SPEC_PROJECTION_NOT_IDEMPOTENT: {
    meaning: 'Projection: a duplicate delivery changed the read model.',
    fix: 'Make `project` idempotent (remember handled event ids or positions).',
  },
  EVENTSPEC_SPEC_PROJECT_FAILED: {
    meaning: '`project` threw on an event.',
    fix: 'Make the projection accept every event it is given.',
  },
  EVENTSPEC_SPEC_READ_MODEL_MISMATCH: {
    meaning: 'Projection: the read model differs.',
    fix: 'Read the diff: fix `project`, or the expected read model.',
  },
  EVENTSPEC_SPEC_SCHEDULE_WITHOUT_TIME: {
    meaning: '`react` scheduled a message with neither `after` nor `at`.',
    fix: 'Pass `schedule(message, { after })` or `{ at }`.',
  },
  EVENTSPEC_SPEC_STATE_CHANGED: {
    meaning: '`decide` changed the state it was given.',
    fix: 'Return events; never mutate the state in `decide`.',
  },
  EVENTSPEC_SPEC_STATE_MISMATCH: {
    meaning: '`thenState()`: the state differs, or the predicate returned false or threw.',
    fix: 'Read the diff: fix `evolve`, or the expected state.',
  },
  EVENTSPEC_SPEC_STEP_UNCHECKED: {
    meaning: 'A process-scenario step was left without a check before the next one.',
    fix: 'Check each step (`then…`) before the next `when`.',
  },
  EVENTSPEC_SPEC_THEN_NOT_ARRAY: {
    meaning: 'A `then` step got something other than an array of expected events.',
    fix: 'Pass an array: `then([event])`.',
  },
  EVENTSPEC_SPEC_TIMEOUT: {
    meaning: 'A scenario step did not finish within the spec timeout.',
    fix: 'Find the await that never settles, or raise `timeout` (`Infinity`: no limit).',
  },
  EVENTSPEC_SPEC_UNEXPECTED_ERROR: {
    meaning: '`decide` / `react` / `project` threw where events were expected.',
    fix: 'Fix the code under test, or expect the error with `thenError()`.',
  },
  EVENTSPEC_SPEC_UNFINISHED: {
    meaning: 'A scenario was awaited without a terminal step.',
    fix: 'End it with `then…` or `thenError`.',
  },
  EVENTSPEC_SPEC_UNKNOWN_OPTION: {
    meaning: 'An API got an option it does not know.',
    fix: 'Check the spelling against the options the message lists.',
  },
  EVENTSPEC_SPEC_UNKNOWN_OUTPUT: {
    meaning: '`react` returned something that is not a process-manager output.',
    fix: 'Return `send`, `publish`, `schedule` or `cancel` outputs.',
  },
  EVENTSPEC_SPEC_WRONG_ERROR: {
    meaning: '`thenError()`: another error class or message.',
    fix: 'Fix `decide`, or the expected error.',
  },
  EVENTSPEC_SYSTEM_BAD_FAULTS: {
    meaning: '`eventually({ faults })` options are invalid (every problem is listed).',
    fix: 'Fix each listed option.',
  },
  EVENTSPEC_SYSTEM_BAD_WIRING: {
    meaning: 'The services of `system(...)` cannot be wired (every problem is listed).',
    fix: 'Give each command one owner and each event one emitter.',
  },
  EVENTSPEC_SYSTEM_BROKER_NOT_QUIET: {
    meaning:
      '`system(..., { broker })`: the real broker still held unacknowledged messages after `broker.settleTimeout`.',
    fix: 'Read what the broker held and which expectations were missing; check the broker or raise `broker.settleTimeout`.',
  },
  EVENTSPEC_SYSTEM_BROKER_OPTIONS: {
    meaning: 'The `broker` option of `system(...)` is invalid (every problem is listed).',
    fix: 'Pass `{ open: () => broker }` and a positive `settleTimeout`.',
  },
  EVENTSPEC_SYSTEM_EXPECTATIONS: {
    meaning: '`eventually()`: the system did not reach the expected state in time.',
    fix: 'Read the message flow the failure draws.',
  },
  EVENTSPEC_SYSTEM_FAULTS: {
    meaning: 'A delivery plan between the services changed an end state.',
    fix: 'Make the service the shrunk plan names survive the fault (idempotence, ordering).',
  },
  EVENTSPEC_SYSTEM_FAULTS_ON_BROKER: {
    meaning:
      '`eventually({ faults })` on a real broker: delivery plans are placed by the in-memory broker only.',
    fix: 'Check faults without `broker`, and the choreography on the real broker without `faults`.',
  },
  EVENTSPEC_SYSTEM_NONDETERMINISTIC: {
    meaning: 'The same delivery plan gave different end states on two runs.',
    fix: "Take time and randomness from the system's clock, not from globals.",
  },
  EVENTSPEC_SYSTEM_NO_WHEN: {
    meaning: '`eventually()` was called without `when()`.',
    fix: 'Call `when(message)` first.',
  },
  EVENTSPEC_SYSTEM_REPLAY: {
    meaning: "Replaying the system's events into its projections gave other read models.",
    fix: 'Make the projections depend on the events only.',
  },
  EVENTSPEC_SYSTEM_UNKNOWN_OUTPUT: {
    meaning: 'A service returned an output of unknown kind.',
    fix: 'Use `send`, `publish`, `schedule` or `cancel`.',
  },
  EVENTSPEC_SYSTEM_UNROUTED_COMMAND: {
    meaning: 'A service sent a command no service handles.',
    fix: "Add it to a decider service's `commands`.",
  },
  EVENTSPEC_SYSTEM_UNROUTED_MESSAGE: {
    meaning: 'A message is neither a command nor an event of any service.',
    fix: "Add it to a service's commands, events or publishes.",
  },
  EVENTSPEC_VALUE_TOO_DEEP: {
    meaning: 'A value is nested deeper than eventspec compares or prints.',
    fix: 'Flatten the value, or compare a projection of it.',
  },
  EVENTSPEC_BROKER_TOPIC_MISMATCH: {
    meaning: 'A topic was created again with another partition count (Kafka TOPIC_ALREADY_EXISTS).',
    fix: 'Use another name, or the partition count it has.',
  },
  EVENTSPEC_BROKER_BAD_MESSAGES: {
    meaning:
      '`publish(destination, messages)` got something other than a destination name and an array of messages.',
    fix: 'Pass the destination as a non-empty string and an array of `{ id, type, key, data }` messages.',
  },
  EVENTSPEC_BROKER_CONFORMANCE_FAILED: {
    meaning:
      'A broker broke a rule of the broker conformance suite (expected and actual are in the message).',
    fix: 'Fix the broker adapter so it behaves as the `TopicBroker` / `QueueBroker` contract says.',
  },
  EVENTSPEC_BROKER_BAD_SEEK: {
    meaning:
      '`subscription.seek()` named a partition the consumer does not own, another topic, or an offset outside the log, or the consumer crashed or stopped.',
    fix: 'Seek on a partition in `subscription.partitions`, to an offset from 0 to the partition length.',
  },
  EVENTSPEC_BROKER_STALE_COMMIT: {
    meaning:
      'A manual commit came from a consumer that crashed, stopped or lost the partition (Kafka ILLEGAL_GENERATION / UNKNOWN_MEMBER_ID).',
    fix: 'Commit only while the consumer owns the partition; after a rebalance the new owner commits.',
  },
  EVENTSPEC_BROKER_BAD_COMMIT: {
    meaning: '`commitOffsets()` named another topic, a missing partition, or an offset outside the log.',
    fix: 'Commit `{ topic, partition, offset }` of the topic consumed, offset from 0 to the partition length.',
  },
} as const satisfies Record<string, ErrorCodeInfo>;

/** A code of an error `@eventspec/core` throws. */
export type CoreErrorCode = keyof typeof coreErrorCodes;

import { checkModel } from './check-model.js';
import type { AsyncDecider, DecideContext, Decider, SyncDecider } from './decider.js';
import { DeciderScenario, emptyPlan, type ScenarioOptions } from './decider-scenario.js';
import { checkSpecSettings, optionKeysOf } from './spec-settings.js';

/**
 * A given / when / then spec of a decider. Terminal steps throw a structured failure; with a sync
 * `decide` they run synchronously, with an async one they return a promise to await.
 * @example
 * scenario(cart).given([itemAdded]).when(checkout).then([cartCheckedOut]);
 */
export function scenario<Command, Event, State, Context extends DecideContext = DecideContext>(
  decider: SyncDecider<Command, Event, State, Context>,
  options?: ScenarioOptions<Context>,
): DeciderScenario<Command, Event, State, Context, void>;
export function scenario<Command, Event, State, Context extends DecideContext = DecideContext>(
  decider: AsyncDecider<Command, Event, State, Context>,
  options?: ScenarioOptions<Context>,
): DeciderScenario<Command, Event, State, Context, Promise<void>>;
export function scenario<Command, Event, State, Context extends DecideContext = DecideContext>(
  decider: Decider<Command, Event, State, Context>,
  options?: ScenarioOptions<Context>,
): DeciderScenario<Command, Event, State, Context, void | Promise<void>>;
export function scenario<Command, Event, State, Context extends DecideContext>(
  decider: Decider<Command, Event, State, Context>,
  options?: ScenarioOptions<Context>,
): DeciderScenario<Command, Event, State, Context, void | Promise<void>> {
  checkModel('scenario()', decider);
  checkSpecSettings('scenario()', options, optionKeysOf['scenario()']);
  if (options === undefined)
    return new DeciderScenario(decider, emptyPlan<Command, Event, Context>(undefined));
  const { context, name, ...settings } = options;
  return new DeciderScenario(decider, emptyPlan<Command, Event, Context>(context, settings, name));
}

import type { CausalityOptions } from '../causality/check-causality.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';
import { type IgnoredPath, parseIgnoredPaths } from '../matching/ignore-paths.js';
import { checkOptionKeys } from '../options/option-keys.js';

/** Settings that apply to every scenario of a project (set once, in a setup file). */
export interface SpecSettings {
  /**
   * Check causality in every decider and process-manager scenario: each output must carry its trigger's
   * correlation id and name the trigger as its cause (see `checkCausality`).
   * @default false
   */
  causality?: boolean | CausalityOptions;
  /**
   * Field paths left out when events (and process-manager outputs) are compared, relative to each event:
   * `'metadata.recordedAt'`, `'data.lines[*].addedAt'`, `'*.traceId'`. A scenario's own list adds to the
   * project's.
   * @default []
   */
  ignore?: readonly string[];
  /**
   * How long, in milliseconds, an async `decide`, `react` or `project` may take before the scenario fails
   * with `EVENTSPEC_SPEC_TIMEOUT` naming the step (`Infinity`: no limit).
   * @default 2000
   */
  timeout?: number;
  /**
   * Fail a decider scenario when `decide` changes the state it was given (an illegal state change, as
   * Axon's fixture calls it): a snapshot of the state is taken before `decide` and checked after it. Off by
   * default because it costs about 15% of a scenario's time (see `pnpm bench`); turn it on project-wide
   * with `configureSpecs({ detectStateChange: true })`.
   * @default false
   */
  detectStateChange?: boolean;
}

/** The option keys of {@link SpecSettings}, for the option checks of the APIs that take them. */
export const specSettingKeys: readonly string[] = ['causality', 'detectStateChange', 'ignore', 'timeout'];

/** The known keys of each spec API's options, in the order its errors list them. */
export const optionKeysOf = {
  'scenario()': ['causality', 'context', 'detectStateChange', 'ignore', 'name', 'timeout'],
  'processScenario()': ['causality', 'ignore', 'name', 'timeout'],
} as const;

/** How long an async step may take when no setting says otherwise. */
export const defaultStepTimeout = 2000;

let current: SpecSettings = {};
let currentIgnored: IgnoredPath[] = [];

/**
 * Sets project-wide spec settings; the eventspec() vitest plugin calls it from its options.
 * @example configureSpecs({ causality: true, ignore: ['metadata.recordedAt'] });
 */
export function configureSpecs(settings: SpecSettings): void {
  checkSpecSettings('configureSpecs()', settings, specSettingKeys);
  current = { ...current, ...settings };
  if (settings.ignore !== undefined) currentIgnored = parseIgnoredPaths(settings.ignore, 'configureSpecs()');
}

/** Refuses settings with keys other than `known` or values of the wrong kind, naming `api`. */
export function checkSpecSettings(api: string, settings: unknown, known: readonly string[]): void {
  if (settings === undefined) return;
  checkOptionKeys(api, settings, known);
  const { ignore, timeout } = (settings ?? {}) as SpecSettings;
  if (ignore !== undefined) parseIgnoredPaths(ignore, api);
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0)) {
    throw new EventspecUsageError(
      'EVENTSPEC_SPEC_BAD_TIMEOUT',
      `${api}: timeout is a number of milliseconds above 0 (Infinity for no limit), but got ${String(timeout)}.`,
    );
  }
}

/** The settings in force, with a scenario's own options on top. */
export function specSettings(own: SpecSettings = {}): SpecSettings {
  return { ...current, ...own };
}

/** The causality options in force, or `undefined` when the check is off. */
export function causalityOptions(own: SpecSettings = {}): CausalityOptions | undefined {
  const causality = own.causality ?? current.causality;
  if (!causality) return undefined;
  return causality === true ? {} : causality;
}

const noPaths: IgnoredPath[] = [];

/** The ignored field paths in force: the project's, then the scenario's own. */
export function ignoredPaths(own: SpecSettings = {}): readonly IgnoredPath[] {
  if (own.ignore === undefined || own.ignore.length === 0)
    return currentIgnored.length === 0 ? noPaths : currentIgnored;
  return [...currentIgnored, ...parseIgnoredPaths(own.ignore, 'the scenario')];
}

/** Whether the state-change check of `decide` is on. */
export function detectsStateChange(own: SpecSettings = {}): boolean {
  return own.detectStateChange ?? current.detectStateChange ?? false;
}

/** The time limit of an async step in force, in milliseconds. */
export function stepTimeout(own: SpecSettings = {}): number {
  return own.timeout ?? current.timeout ?? defaultStepTimeout;
}

// The one shape of a catalogue entry: the words of a plan step. Builders decide which steps, where, when and with what
// effects; the words come from here (src/plan/rules/steps/), filled with fill().
import type { RuleId } from '../rule-catalogue.js';
import { fill, fillAll, type Vars } from './fill.js';

/**
 * One step's texts. Placeholders are `{name}`; the builder that uses the entry gives every name it contains:
 * `{unit}` the unit as displayed, `{node}` one node, `{nodes}` a comma-separated list, `{trust}` a trust store,
 * `{service}` a Cisco service name, and the names documented beside the entry for the others.
 */
export interface StepText {
  title: string;
  /** What to do, in plain words; absent when the title, commands and pages say it all. */
  action?: string;
  gui?: readonly string[];
  commands?: readonly string[];
  warnings?: readonly string[];
  expect?: readonly string[];
  /** Rule ids fixed for the recipe, in order; a builder puts the ones that vary (a unit's own rule) before or after. */
  why?: readonly RuleId[];
}

/** A filled entry, in the shape of a step draft's texts (fresh arrays: a builder may append to them). */
export interface FilledText {
  title: string;
  action: string;
  gui: string[];
  commands: string[];
  warnings: string[];
  expect: string[];
  why: string[];
}

export function stepText(text: StepText, vars: Vars = {}): FilledText {
  return {
    title: fill(text.title, vars),
    action: fill(text.action ?? '', vars),
    gui: fillAll(text.gui, vars),
    commands: fillAll(text.commands, vars),
    warnings: fillAll(text.warnings, vars),
    expect: fillAll(text.expect, vars),
    why: [...(text.why ?? [])],
  };
}

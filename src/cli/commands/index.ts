/**
 * Every CLI command. Each module exports `register(program)`, adding one commander
 * sub-command whose action resolves to an exit code via `setExitCode`.
 */
import type { Command } from 'commander';
import * as run from './run.ts';
import * as validate from './validate.ts';
import * as schema from './schema.ts';
import * as analyze from './analyze.ts';
import * as spof from './spof.ts';
import * as explain from './explain.ts';
import * as play from './play.ts';
import * as sweep from './sweep.ts';
import * as importCmd from './import.ts';
import * as merge from './merge.ts';
import * as job from './job.ts';
import * as robust from './robust.ts';

/** A command module. */
export interface CommandModule {
  register(program: Command): void;
}

/** Registered in help order. */
export const COMMANDS: readonly CommandModule[] = [run, validate, schema, analyze, spof, explain, sweep, play, importCmd, merge, job, robust];

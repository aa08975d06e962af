// Every command of the cepheus program besides `state`, in the order --help lists them.
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { checkCommand } from './check.js';
import { explainCommand } from './explain.js';
import { fmtCommand } from './fmt.js';
import { runCommand } from './run.js';

/** Command factories, added to the program in this order. */
export const allCommands: readonly ((io: Io) => Command)[] = [runCommand, checkCommand, fmtCommand, explainCommand];

// Every command of the cepheus program besides `state`, in the order --help lists them.
import type { Command } from 'commander';
import type { Io } from '../io.js';

/** Command factories, added to the program in this order. */
export const allCommands: readonly ((io: Io) => Command)[] = [];

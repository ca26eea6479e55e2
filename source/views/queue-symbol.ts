// One character per queue, for the RSS view's receive grid and send table.

/** Queue → one-character symbol: 0–9, a–z (10–35), A–Z (36–61), then @ and #. */
const symbols = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@#';

export const queueSymbol = (queue: number): string => symbols[queue] ?? '?';

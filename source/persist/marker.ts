// How hvtop knows a file is its own: the first line of every file it writes.
// A file without it is never overwritten or removed by hvtop.

export const markerLine = 'Written by hvtop persist; `hvtop persist --remove DEV` removes it.';

export const isHvtopFile = (text: string | null | undefined): boolean => text?.startsWith(`# ${markerLine}`) ?? false;

/** File-name-safe: letters, digits, '_' and '-' only. */
export const safeWord = (word: string): string => word.replaceAll(/[^\w-]/g, '_');

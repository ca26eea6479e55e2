// "1 CPU", "2 CPUs": a count and its noun, in the right number.
export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

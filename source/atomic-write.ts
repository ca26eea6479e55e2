// write-file-atomic, loaded with the first write: it loads node:crypto when it
// loads (~1.2 MB resident), and most runs of hvtop never write a file.
import type {Options} from 'write-file-atomic';

/** Writes the file through a temporary file and a rename, so a reader sees the old or the new, never half. */
export async function writeAtomic(file: string, data: string, options: Options): Promise<void> {
	const {default: writeFileAtomic} = await import('write-file-atomic');
	await writeFileAtomic(file, data, options);
}

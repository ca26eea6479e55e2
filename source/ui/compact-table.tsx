// ink-table draws a rule between every pair of rows, which doubles the height
// of a 64-queue table. This keeps the rule under the heading and drops the rest.
import {Table} from '@alcalzone/ink-table';

type Row = Record<string, string>;
type RowRenderer = Table<Row>['separator'];

export class CompactTable extends Table<Row> {
	constructor(props: ConstructorParameters<typeof Table<Row>>[0]) {
		super(props);
		const underHeading: RowRenderer = this.separator;
		const onlyFirst: RowRenderer = rowProps => (rowProps.key.endsWith('-0') ? underHeading(rowProps) : (null as unknown as ReturnType<RowRenderer>));
		this.separator = onlyFirst;
	}
}

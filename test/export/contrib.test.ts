// contrib/prometheus: every query of the Grafana dashboard is a series the
// rules file records (its label filter aside), or one the end-to-end test
// evaluates (the instance variable's hvtop_build_info), and every alert has
// a severity and a summary.
import {readFileSync} from 'node:fs';
import test from 'ava';
import {parse} from 'yaml';

type Rule = {record?: string; alert?: string; expr: string; labels?: Record<string, string>; annotations?: Record<string, string>};
const rules = (parse(readFileSync('contrib/prometheus/hvtop-rules.yml', 'utf8')) as {groups: Array<{rules: Rule[]}>}).groups.flatMap(group => group.rules);
const dashboard = JSON.parse(readFileSync('contrib/prometheus/hvtop-dashboard.json', 'utf8')) as {
	panels: Array<{title: string; targets: Array<{expr: string}>}>;
	templating: {list: Array<{name: string; query: string}>};
};
const recorded = new Set(rules.flatMap(rule => rule.record ?? []));

test('every dashboard panel queries a recorded series, filtered by instance only', t => {
	const exprs = dashboard.panels.flatMap(panel => panel.targets.map(target => target.expr));
	t.true(exprs.length >= 5);
	for (const expr of exprs) {
		const match = /^([\w:]+)\{instance=~"\$instance"\}$/.exec(expr);
		t.truthy(match, `${expr}: a recorded series and the instance filter`);
		t.true(recorded.has(match?.[1] ?? ''), `${expr} is recorded in hvtop-rules.yml`);
	}
});

test('the instance variable lists the exporters by hvtop_build_info (the end-to-end test queries it)', t => {
	const instance = dashboard.templating.list.find(variable => variable.name === 'instance');
	t.is(instance?.query, 'label_values(hvtop_build_info, instance)');
	t.regex(readFileSync('test/export/prometheus-e2e.test.ts', 'utf8'), /query\(api, 'hvtop_build_info'\)/);
});

test('every recorded series is on the dashboard, every alert has a severity and a summary', t => {
	const onDashboard = JSON.stringify(dashboard.panels);
	for (const name of recorded) {
		t.true(onDashboard.includes(`"${name}{`), `${name} is shown`);
	}

	for (const rule of rules.filter(rule => rule.alert)) {
		t.truthy(rule.labels?.['severity'], `${rule.alert!} severity`);
		t.truthy(rule.annotations?.['summary'], `${rule.alert!} summary`);
	}
});

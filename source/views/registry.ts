// Every view, in the order of their keys: the dashboard's body, the header's
// title, the view keys, scrolling, --view, --once and --json all read this
// list. Adding a view is one file (a ViewSpec) and one line here.
import {countersView} from './counters.js';
import {cpusView} from './cpus.js';
import {historyView} from './history.js';
import {queuesView} from './queues.js';
import {rssView} from './rss.js';
import {vfView} from './vf.js';
import type {ViewSpec} from './view.js';

export const views = [queuesView, cpusView, rssView, vfView, countersView, historyView] as const satisfies readonly ViewSpec[];

export type ViewName = (typeof views)[number]['name'];

export const viewNames: readonly ViewName[] = views.map(v => v.name);

export const isViewName = (text: string): text is ViewName => (viewNames as readonly string[]).includes(text);

/** The spec of a view by name (a ViewName is always in the list). */
export const viewByName = (name: ViewName): ViewSpec => views.find(v => v.name === name)!;

/** The view the dashboard opens with, not named in its header. */
export const mainView: ViewSpec = views[0];

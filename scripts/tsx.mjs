/**
 * `node --import ./scripts/tsx.mjs …`: tsx, as `--import tsx` gives it, with the hooks of
 * scripts/node-modules-hooks.mjs in front (registered last, they run first), so that the installed
 * packages load as Node loads them and only our TypeScript passes through tsx.
 */
import 'tsx';
import { register } from 'node:module';

register('./node-modules-hooks.mjs', import.meta.url);

/**
 * A map another module adds to a location field of a step, bound at the composition root
 * (src/routes.ts) so this module imports none of them: the fault report map (issue #11, decision
 * 0019). The map is an extra: the field's address and coordinate inputs stay as they are.
 */
import type { ComponentChildren } from 'preact';
import type { Language } from '../../platform/i18n/i18n.ts';
import type { PageAssets } from '../../web/layout.tsx';
import type { Field } from '../forms/definition.ts';
import type { DraftContext } from './service.ts';

export interface LocationMap {
  /** Rendered inside the location field's fieldset, before the address input. */
  panel: ComponentChildren;
  /** The map's stylesheets and scripts, loaded only on a page with the map. */
  assets: PageAssets;
  /** Image origins the page's Content-Security-Policy must allow (the tile host). */
  imageOrigins: string[];
}

/** The map for one location field of a draft; undefined adds nothing. */
export type LocationMapSlot = (input: {
  context: DraftContext;
  field: Field;
  lang: Language;
}) => LocationMap | undefined;

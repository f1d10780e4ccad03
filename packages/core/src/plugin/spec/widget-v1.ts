import type { z } from 'zod';

/** Kinds of data a widget can display. */
export type DataShapeV1 = 'timeseries' | 'forecast' | 'kpi' | 'table' | 'scalar';

/**
 * A custom-element class, typed without DOM types so that core stays DOM-free. In a browser this is a
 * subclass of `HTMLElement`.
 */
export type ElementConstructorV1 = new (...args: never[]) => object;

/**
 * A widget: a custom element the host defines under `tagName` and feeds with validated properties.
 *
 * `tagName` is a valid custom-element name starting with `dy-` for plugins in the `dyocense` scope and with
 * `<scope>-` for any other plugin (`acme/charts` → `acme-...`), so plugins cannot collide.
 */
export interface WidgetV1<Props = unknown, PropsInput = Props> {
  readonly apiVersion: 1;
  readonly kind: 'widget';
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly tagName: string;
  readonly propsSchema: z.ZodType<Props, PropsInput>;
  /** Data shapes the widget renders; at least one. */
  readonly accepts: readonly DataShapeV1[];
  /** Loads the element class lazily (a dynamic `import()`), so hosts only pay for widgets they show. */
  load(): Promise<ElementConstructorV1>;
}

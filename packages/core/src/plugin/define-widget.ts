import type { z } from 'zod';
import { DyocenseError, parseInput } from '../errors/index.js';
import { widgetCapabilityProblems } from './internal/capability-problems.js';
import { widgetShapeSchema } from './internal/contribution-schemas.js';
import { deepFreezeData } from './internal/deep-freeze-data.js';
import { throwIfProblems } from './internal/problems.js';
import type { DataShapeV1, ElementConstructorV1, WidgetV1 } from './spec/widget-v1.js';

/** What a widget author writes; {@link defineWidget} validates it and returns a {@link WidgetV1}. */
export interface WidgetDefinition<PropsSchema extends z.ZodType> {
  readonly apiVersion?: 1;
  readonly id: string;
  readonly name: string;
  /** Default `''`. */
  readonly description?: string;
  /** `dy-...` in the `dyocense` scope, `<scope>-...` otherwise (checked when the plugin is defined). */
  readonly tagName: string;
  readonly propsSchema: PropsSchema;
  readonly accepts: readonly DataShapeV1[];
  /** Usually `() => import('./my-chart.js').then((module) => module.MyChart)`. */
  load(): Promise<ElementConstructorV1>;
}

/**
 * Defines a widget and returns a frozen {@link WidgetV1}. Core stays DOM-free: the element class is only
 * reached through `load()`, which is called at most once (the result is cached) and throws `internal`
 * when the loader does not produce a class.
 *
 * @throws DyocenseError `invalid_input` when the definition is malformed (tag name, empty `accepts`, a props
 * schema that is not an object schema).
 * @example
 * const sparkline = defineWidget({
 *   id: 'sparkline', name: 'Sparkline', tagName: 'acme-sparkline', accepts: ['timeseries'],
 *   propsSchema: z.object({ color: z.string().default('currentColor') }),
 *   load: () => import('./sparkline-element.js').then((module) => module.SparklineElement),
 * });
 */
export function defineWidget<PropsSchema extends z.ZodType>(
  definition: WidgetDefinition<PropsSchema>,
): WidgetV1<z.output<PropsSchema>, z.input<PropsSchema>> {
  if (typeof definition !== 'object' || definition === null) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'Invalid widget definition: must be an object',
    });
  }
  const candidate = {
    apiVersion: definition.apiVersion ?? 1,
    kind: 'widget' as const,
    id: definition.id,
    name: definition.name,
    description: definition.description ?? '',
    tagName: definition.tagName,
    propsSchema: definition.propsSchema,
    accepts: Array.isArray(definition.accepts) ? [...definition.accepts] : definition.accepts,
    load: definition.load,
  };
  const subject = `widget definition${typeof definition.id === 'string' ? ` "${definition.id}"` : ''}`;
  const parsed = parseInput(widgetShapeSchema, candidate, subject);
  const problems = widgetCapabilityProblems(parsed as unknown as WidgetV1<unknown, unknown>);
  if (parsed.apiVersion !== 1)
    problems.unshift(`apiVersion ${parsed.apiVersion} is not supported (this core supports 1)`);
  throwIfProblems(problems, { code: 'invalid_input', subject: `Invalid ${subject}` });

  const { id } = parsed;
  let loading: Promise<ElementConstructorV1> | undefined;
  const widget: WidgetV1<z.output<PropsSchema>, z.input<PropsSchema>> = {
    apiVersion: 1,
    kind: 'widget',
    id,
    name: parsed.name,
    description: parsed.description,
    tagName: parsed.tagName,
    propsSchema: definition.propsSchema as unknown as z.ZodType<z.output<PropsSchema>, z.input<PropsSchema>>,
    accepts: parsed.accepts,
    load() {
      loading ??= Promise.resolve()
        .then(() => definition.load())
        .then((element) => {
          if (typeof element !== 'function') {
            throw new DyocenseError({
              code: 'internal',
              message: `Widget "${id}" loader returned ${typeof element}, not an element class`,
            });
          }
          return element;
        });
      loading.catch(() => {
        loading = undefined;
      });
      return loading;
    },
  };
  return deepFreezeData(widget);
}

import type { Option } from '../../lib/options';
import type { ControlProps } from './Field';

interface Common<T extends string> extends Partial<ControlProps> {
  options: readonly Option<T>[];
}

/** A value must be chosen. */
interface Chosen<T extends string> extends Common<T> {
  value: T;
  onChange: (value: T) => void;
  none?: undefined;
}

/** With a first, empty choice labelled `none` ("No minimum"), whose value is ''. */
interface Optional<T extends string> extends Common<T> {
  value: T | '';
  onChange: (value: T | '') => void;
  none: string;
}

/** A `<select>` over one of the option lists of lib/options (conditions, locations, platforms). */
export function OptionSelect<T extends string>({ options, value, onChange, none, ...control }: Chosen<T> | Optional<T>) {
  // The browser only ever reports one of the values rendered below.
  const report = onChange as (value: string) => void;
  return (
    <select {...control} value={value} onChange={(e) => report(e.target.value)}>
      {none !== undefined && <option value="">{none}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

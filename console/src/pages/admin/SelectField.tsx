// A native select with its label and errors next to it, laid out as components/Field.tsx lays text fields.
interface SelectFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: [string, string][];
  errors?: string[];
}

export function SelectField({ id, label, value, onChange, options, errors = [] }: SelectFieldProps) {
  const invalid = errors.length > 0;
  return (
    <div className="field admin-select" data-invalid={invalid || undefined}>
      <label htmlFor={id}>{label}</label>
      {invalid && (
        <p className="field-error" id={`${id}-error`}>
          {errors.join(' ')}
        </p>
      )}
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
      >
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

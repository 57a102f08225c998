// A labelled text field (React Aria) with its hint and its errors next to it, GOV.UK style.
import { FieldError, Input, Label, Text, TextArea, TextField } from 'react-aria-components';

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
  hint?: string;
  type?: 'text' | 'password' | 'datetime-local';
  multiline?: boolean;
  isRequired?: boolean;
  autoComplete?: string;
}

export function Field({
  id,
  label,
  value,
  onChange,
  errors = [],
  hint,
  type,
  multiline,
  ...rest
}: FieldProps) {
  return (
    <TextField
      className="field"
      value={value}
      onChange={onChange}
      isInvalid={errors.length > 0}
      isRequired={rest.isRequired}
      validationBehavior="aria"
      type={type}
      autoComplete={rest.autoComplete}
    >
      <Label>{label}</Label>
      {hint && <Text slot="description">{hint}</Text>}
      <FieldError>{errors.join(' ')}</FieldError>
      {/* dir="auto": a name, address or number in Latin script keeps its order in an Arabic page. */}
      {multiline ? <TextArea id={id} rows={4} dir="auto" /> : <Input id={id} dir="auto" />}
    </TextField>
  );
}

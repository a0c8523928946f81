import { Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { timeZones, zoneOffsetLabel } from '../time';

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: string;
  onChange: (zone: string) => void;
};

/** A searchable list of every IANA time zone, each with its current UTC offset. */
export function TimeZoneSelect({ value, onChange, ...props }: Props) {
  const data = useMemo(
    () => timeZones().map((zone) => ({ value: zone, label: `${zone} (${zoneOffsetLabel(zone)})` })),
    [],
  );
  return (
    <Select
      searchable
      allowDeselect={false}
      maxDropdownHeight={280}
      {...props}
      data={data}
      value={value}
      onChange={(zone) => {
        if (zone) onChange(zone);
      }}
    />
  );
}

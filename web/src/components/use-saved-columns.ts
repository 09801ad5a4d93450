import { useMemo } from 'react';
import { readColumnChoice, savedColumnList } from '../model/column-choice.js';
import { gridColumns, type FieldMapping, type GridColumn } from '../model/grid-columns.js';
import { useUserSetting } from '../shell/user-settings.js';

/**
 * Grid columns of a profile (`1_call`) from its fields_mapping with the user's saved choice applied
 * (user settings `search/grid:<profile>`), and the function the column chooser saves through.
 */
export function useSavedColumns(
  profile: string,
  mapping: readonly FieldMapping[] | undefined,
): {
  columns: GridColumn[];
  loading: boolean;
  error?: string;
  save: (columns: GridColumn[]) => Promise<void>;
} {
  const setting = useUserSetting('search', `grid:${profile}`);
  const columns = useMemo(
    () => gridColumns(mapping ?? [], readColumnChoice(setting.data)),
    [mapping, setting.data],
  );
  const save = async (next: GridColumn[]): Promise<void> => {
    // An empty list means "the mapping's defaults" (readColumnChoice treats it as no choice).
    await setting.save({ columns: next.length === 0 ? [] : savedColumnList(next) });
  };
  return { columns, loading: setting.loading, error: setting.error, save };
}

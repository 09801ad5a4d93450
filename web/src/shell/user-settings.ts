import { useCallback, useEffect, useState } from 'react';
import { createUserSetting, fetchUserSettings, updateUserSetting } from '../api/homer.js';

export interface UserSetting {
  readonly data: unknown;
  readonly loading: boolean;
  /** The read or the last save failed (the text names the call). */
  readonly error?: string;
  readonly saving: boolean;
  /** Saves `data`; on failure `error` is set and the promise rejects. */
  save(data: unknown): Promise<void>;
}

/**
 * One row of the caller's user settings (`category`/`param`): read once, saved by PUT when the row
 * exists and POST otherwise (the API adds a row on every POST, so the guid is looked up again).
 */
export function useUserSetting(category: string, param: string): UserSetting {
  const [state, setState] = useState<{ data: unknown; guid?: string; loading: boolean; error?: string }>({
    data: undefined,
    loading: true,
  });
  const [saving, setSaving] = useState(false);

  const find = useCallback(async () => {
    const rows = await fetchUserSettings(category);
    // The last row wins if an older client wrote several.
    return rows.filter((r) => r.param === param).at(-1);
  }, [category, param]);

  useEffect(() => {
    let current = true;
    find().then(
      (row) => current && setState({ data: row?.data, guid: row?.guid, loading: false }),
      (err: Error) => current && setState({ data: undefined, loading: false, error: err.message }),
    );
    return () => {
      current = false;
    };
  }, [find]);

  const save = useCallback(
    async (data: unknown) => {
      setSaving(true);
      setState((s) => ({ ...s, data, error: undefined }));
      try {
        const row = { category, param, data };
        let guid = state.guid;
        if (guid) await updateUserSetting(guid, row);
        else {
          await createUserSetting(row);
          guid = (await find())?.guid;
        }
        setState((s) => ({ ...s, guid }));
      } catch (err) {
        setState((s) => ({ ...s, error: (err as Error).message }));
        throw err;
      } finally {
        setSaving(false);
      }
    },
    [category, param, state.guid, find],
  );

  return { data: state.data, loading: state.loading, error: state.error, saving, save };
}

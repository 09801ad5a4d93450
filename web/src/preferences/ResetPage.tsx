import { useState } from 'react';
import { resetDashboards, resetMappings } from '../api/homer.js';
import { ConfirmButton } from './ConfirmButton.js';

/** Reset: your dashboards (anyone), protocol mappings to the defaults (admin). */
export function ResetPage({ admin }: { admin: boolean }) {
  const [done, setDone] = useState<string>();
  return (
    <>
      <h1>Reset</h1>
      <div className="reset-row">
        <p>Delete your dashboards; the home dashboard is created again.</p>
        <ConfirmButton
          label="Reset dashboards"
          question="Delete all your dashboards?"
          confirmLabel="Yes, reset dashboards"
          onConfirm={async () => {
            setDone(undefined);
            await resetDashboards();
            setDone('Dashboards reset.');
          }}
        />
      </div>
      {admin && (
        <div className="reset-row">
          <p>Replace every protocol mapping with the defaults (edited mappings are lost).</p>
          <ConfirmButton
            label="Reset mappings"
            question="Replace all mappings with the defaults?"
            confirmLabel="Yes, reset mappings"
            onConfirm={async () => {
              setDone(undefined);
              await resetMappings();
              setDone('Mappings reset to the defaults.');
            }}
          />
        </div>
      )}
      {done && <p role="status">{done}</p>}
    </>
  );
}

/** The loading / error line every request shows: the error text names the call that failed. */
export function Status({ loading, error, what }: { loading: boolean; error?: string; what: string }) {
  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (loading)
    return (
      <p className="loading" role="status">
        Loading {what}…
      </p>
    );
  return null;
}

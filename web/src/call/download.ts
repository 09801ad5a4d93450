/** Saves a Blob as a download (the browser's "save as"). */
export function saveBlob(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: Chromium may still be reading the URL when click() returns.
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Draws an SVG document on a canvas of `size` and returns it as a PNG Blob. */
export async function svgToPng(
  svg: string,
  size: { width: number; height: number; scale: number },
): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.scale(size.scale, size.scale);
    ctx.drawImage(image, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas is too large'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

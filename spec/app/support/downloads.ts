/** jsdom's Blob has no text(): read it the old way. */
export function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

/**
 * Catches the files the app downloads (a blob URL, then a click on an `<a download>`): each
 * file's contents and name, in order. `restore()` gives the anchor its click back: call it in a
 * `finally`, so a failing test does not leave it caught for the next.
 */
export function catchDownloads(): { blobs: Blob[]; names: string[]; restore: () => void } {
  const blobs: Blob[] = [];
  const names: string[] = [];
  URL.createObjectURL = jest.fn((b: Blob) => {
    blobs.push(b);
    return `blob:download-${blobs.length}`;
  });
  URL.revokeObjectURL = jest.fn();
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    names.push(this.download);
  });
  return { blobs, names, restore: () => click.mockRestore() };
}

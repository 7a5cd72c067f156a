/** A band's bar: how far the actual share is from the guideline's, in percentage points, and whether it is out of line. */
export function deviation(actualPercent: number, guidelinePercent: number, tolerance = 5): { points: number; off: boolean } {
  const points = actualPercent - guidelinePercent;
  return { points, off: Math.abs(points) > tolerance };
}

/** The ratings of a band as people read them: 4–5, 3, 1–2 (a run of whole numbers with a dash, others with commas). */
export function ratingsText(ratings: readonly number[]): string {
  const sorted = [...ratings].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(j > i ? `${sorted[i]}–${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

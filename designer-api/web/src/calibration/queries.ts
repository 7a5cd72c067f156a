import { useQuery } from '@tanstack/react-query';
import { api, data, type Schemas } from '../api/client';

export type Calibration = Schemas['CalibrationResponse'];
export type CalibrationSummary = Schemas['CalibrationSummaryResponse'];
export type CalibratedPerson = Schemas['CalibratedPersonResponse'];

/** Every calibration the signed-in person may read (`GET /api/calibrations`), the newest first. */
export function useCalibrations() {
  return useQuery({ queryKey: ['calibrations'], queryFn: () => data(api.GET('/api/calibrations')) });
}

/** One calibration with its distribution and people (`GET /api/cycles/{cycleId}/calibrations/{id}`). */
export function useCalibration(cycleId: string, id: string) {
  return useQuery({
    queryKey: ['calibration', cycleId, id],
    queryFn: () => data(api.GET('/api/cycles/{cycleId}/calibrations/{id}', { params: { path: { cycleId, id } } })),
  });
}

/** The entity tag a command sends back as If-Match: the version it was read at. */
export function ifMatch(version: string): string {
  return `"${version}"`;
}

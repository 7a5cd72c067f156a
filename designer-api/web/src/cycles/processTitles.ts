import { say } from '../api/client';
import { usePublishedProcesses } from './queries';

/** A process's title in the page's language by its key (the key itself until the titles are read). */
export function useProcessTitles() {
  const processes = usePublishedProcesses();
  return (key: string) => {
    const title = processes.data?.find((p) => p.key === key)?.title;
    return title ? say(title) : key;
  };
}

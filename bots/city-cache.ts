import { generateCity, type City } from '../shared/sim/city';

/**
 * One City per seed per process: a thousand bots in fifty rooms share fifty maps (and so the
 * distance fields keyed on them) instead of generating a thousand.
 */
const cities = new Map<number, City>();

export function cityForSeed(seed: number): City {
  let city = cities.get(seed);
  if (city === undefined) {
    city = generateCity(seed);
    cities.set(seed, city);
  }
  return city;
}

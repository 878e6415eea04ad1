import { aptKeyModule } from './apt_key.ts';
import { aptRepositoryModule } from './apt_repository.ts';
import { deb822RepositoryModule } from './deb822_repository.ts';

export const aptSourceModules = [aptRepositoryModule, aptKeyModule, deb822RepositoryModule];

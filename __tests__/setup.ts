import { Testing } from 'cdktf';
// Types of the cdktf matchers (toHaveResourceWithProperties, ...) for every test file.
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();

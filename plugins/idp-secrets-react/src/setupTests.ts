import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI runs the whole suite on 2 cores beside a Kubernetes control plane: a page may take more than a second to show.
configure({ asyncUtilTimeout: 5_000 });

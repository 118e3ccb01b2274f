import { NavBar } from '../locations/NavBar.js';
import { mount } from './mount.js';

mount(<NavBar />);

import { TicketSidebar } from '../locations/TicketSidebar.js';
import { mount } from './mount.js';

mount(<TicketSidebar />);

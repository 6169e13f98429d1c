// Exposes the unchanged npm build of guacamole-common-js as a browser global for page.html.
import Guacamole from 'guacamole-common-js';

window.Guacamole = Guacamole;

// /embed/player.js: the one script another site loads to get the
// <streamgate-player server="..." video-id="..."> element.

import "./player.js";

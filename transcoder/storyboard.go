package transcoder

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Storyboard outputs, relative to the output folder: sheets of tiles
// (storyboard/0.jpg, 1.jpg, ...), and the map of which tile shows which
// time, as a WebVTT thumbnails track and as JSON.
const (
	StoryboardDir    = "storyboard"
	StoryboardSheets = StoryboardDir + "/%d.jpg"
	StoryboardVTT    = "storyboard.vtt"
	StoryboardJSON   = "storyboard.json"
)

// Storyboard sizing: a tile every StoryboardMinInterval seconds, spread
// further apart on long videos so there are at most StoryboardMaxTiles;
// sheets of at most StoryboardGrid x StoryboardGrid tiles whose longer
// side is StoryboardTileSize pixels.
const (
	StoryboardMinInterval = 2.0
	StoryboardMaxTiles    = 1000
	StoryboardGrid        = 10
	StoryboardTileSize    = 160
)

// StoryboardPlan is the thumbnail grid of one video.
type StoryboardPlan struct {
	// Interval is the seconds between tiles; Tiles how many there are.
	Interval float64
	Tiles    int
	// Columns and Rows are the tiles per sheet.
	Columns, Rows         int
	TileWidth, TileHeight int
}

// PlanStoryboard sizes the storyboard of a video of d seconds shown at
// w x h.
func PlanStoryboard(d float64, w, h int) StoryboardPlan {
	d = max(d, 0.04)
	interval := max(StoryboardMinInterval, d/StoryboardMaxTiles)
	tiles := max(1, int(math.Ceil(d/interval-1e-9)))
	p := StoryboardPlan{Interval: interval, Tiles: tiles, TileWidth: StoryboardTileSize, TileHeight: StoryboardTileSize}
	if w >= h {
		p.TileHeight = even(float64(StoryboardTileSize) * float64(h) / float64(max(w, 1)))
	} else {
		p.TileWidth = even(float64(StoryboardTileSize) * float64(w) / float64(max(h, 1)))
	}
	p.Columns = min(StoryboardGrid, tiles)
	p.Rows = min(StoryboardGrid, (tiles+p.Columns-1)/p.Columns)
	return p
}

// Sheets is how many sheets hold the tiles.
func (p StoryboardPlan) Sheets() int {
	per := p.Columns * p.Rows
	return (p.Tiles + per - 1) / per
}

func even(f float64) int { return max(2, int(math.Round(f/2))*2) }

// StoryboardTile is one thumbnail: the time span it stands for and where
// it is on its sheet.
type StoryboardTile struct {
	Start float64 `json:"start"`
	End   float64 `json:"end"`
	// URL is the sheet, relative to the storyboard map.
	URL string `json:"url"`
	X   int    `json:"x"`
	Y   int    `json:"y"`
	W   int    `json:"width"`
	H   int    `json:"height"`
}

// StoryboardMap is storyboard.json.
type StoryboardMap struct {
	Duration   float64          `json:"duration"`
	Interval   float64          `json:"interval"`
	TileWidth  int              `json:"tile_width"`
	TileHeight int              `json:"tile_height"`
	Sheets     []string         `json:"sheets"`
	Tiles      []StoryboardTile `json:"tiles"`
}

// Map lists the tiles of sheets that were made (ffmpeg's last frame
// may fall short of the plan), the last ending at duration d.
func (p StoryboardPlan) Map(d float64, sheets int) StoryboardMap {
	m := StoryboardMap{Duration: round3(d), Interval: round3(p.Interval), TileWidth: p.TileWidth, TileHeight: p.TileHeight}
	per := p.Columns * p.Rows
	for i := range sheets {
		m.Sheets = append(m.Sheets, fmt.Sprintf(StoryboardSheets, i))
	}
	for i := 0; i < min(p.Tiles, sheets*per); i++ {
		start := float64(i) * p.Interval
		if start >= d && i > 0 {
			break
		}
		at := i % per
		m.Tiles = append(m.Tiles, StoryboardTile{
			Start: round3(start), End: round3(min(start+p.Interval, d)), URL: m.Sheets[i/per],
			X: at % p.Columns * p.TileWidth, Y: at / p.Columns * p.TileHeight, W: p.TileWidth, H: p.TileHeight,
		})
	}
	return m
}

// VTT renders the map as a WebVTT thumbnails track: one cue per tile,
// its text the sheet with a media fragment (#xywh=x,y,w,h).
func (m StoryboardMap) VTT() string {
	var b strings.Builder
	b.WriteString("WEBVTT\n")
	for _, t := range m.Tiles {
		fmt.Fprintf(&b, "\n%s --> %s\n%s#xywh=%d,%d,%d,%d\n", vttTime(t.Start), vttTime(t.End), t.URL, t.X, t.Y, t.W, t.H)
	}
	return b.String()
}

// writeStoryboard counts the sheets ffmpeg made in out and writes the
// VTT and JSON maps beside them.
func writeStoryboard(out string, p StoryboardPlan, d float64) error {
	sheets := 0
	for ; ; sheets++ {
		if _, err := os.Stat(filepath.Join(out, fmt.Sprintf(StoryboardSheets, sheets))); err != nil {
			break
		}
	}
	if sheets == 0 || sheets > p.Sheets() {
		return fmt.Errorf("storyboard: %d sheets made, %d planned", sheets, p.Sheets())
	}
	m := p.Map(d, sheets)
	doc, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, StoryboardJSON), doc, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, StoryboardVTT), []byte(m.VTT()), 0o644)
}

func vttTime(s float64) string {
	ms := int64(math.Round(s * 1000))
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

func round3(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 3, 64), 64)
	return v
}

/**
 * The `home` dashboard every user gets on first visit. Its shape is what homer-ui's dashboard and
 * widget components read (the same keys as homer-app's DashboardHome): a gridster config, a SIP
 * `1_call` proto-search widget that sends its results to the RESULT widget, and a clock.
 */

const PROTO = { hepid: 1, profile: 'call' } as const;

function searchField(fieldName: string, selection: string): Record<string, unknown> {
  return {
    field_name: fieldName,
    hepid: PROTO.hepid,
    name: `${PROTO.hepid}:${PROTO.profile}:${fieldName}`,
    selection,
    type: 'string',
  };
}

/** A fresh copy (callers may mutate it before storing). */
export function homeDashboard(): Record<string, unknown> {
  return {
    id: 'home',
    dashboardId: 'home',
    alias: 'home',
    name: 'Home',
    title: 'Home',
    param: 'home',
    type: 3,
    shared: false,
    isLocked: false,
    weight: 10,
    selectedItem: '',
    config: {
      columns: 24,
      maxrows: 24,
      gridType: 'scrollVertical',
      ignoreMinSize: 'warning',
      margins: [10, 10],
      pushing: false,
      draggable: { handle: '.box-header' },
      resizable: { enabled: true, handles: ['n', 'e', 's', 'w', 'ne', 'se', 'sw', 'nw'] },
    },
    widgets: [
      {
        id: 'display-results-1',
        name: 'display-results',
        title: 'SIP Call Search',
        strongIndex: 'ProtosearchWidgetComponent',
        activeTab: true,
        x: 0,
        y: 0,
        cols: 6,
        rows: 9,
        minItemCols: 1,
        minItemRows: 1,
        layerIndex: 2,
        output: {},
        config: {
          title: 'SIP Call Search',
          countFieldColumns: 1,
          config: {
            title: 'SIP Call Search',
            searchbutton: true,
            protocol_id: { name: 'SIP', value: PROTO.hepid },
            protocol_profile: { name: PROTO.profile, value: PROTO.profile },
          },
          fields: [
            searchField('data_header.from_user', 'SIP From user'),
            searchField('data_header.to_user', 'SIP To user'),
            searchField('data_header.method', 'SIP Method'),
            searchField('data_header.callid', 'SIP Call-ID'),
            searchField('limit', 'Query Limit'),
            searchField('targetResultsContainer', 'Results Container'),
          ],
        },
      },
      {
        id: 'RESULT-1',
        name: 'RESULT',
        title: 'RESULT-1',
        strongIndex: 'ResultWidgetComponent',
        x: 6,
        y: 0,
        cols: 18,
        rows: 12,
        minItemCols: 1,
        minItemRows: 1,
        minWidth: 650,
        minHeight: 400,
        layerIndex: 2,
        output: {},
        config: { title: 'Search Results' },
      },
      {
        id: 'clock-1',
        name: 'clock',
        title: 'World Clock',
        strongIndex: 'ClockWidgetComponent',
        x: 0,
        y: 9,
        cols: 6,
        rows: 3,
        layerIndex: 2,
        output: {},
        config: {
          id: 'clock-1',
          title: 'UTC',
          location: { name: 'UTC', desc: 'Coordinated Universal Time', offset: '+0' },
          showAnalog: 'Digital',
          showDate: true,
          showseconds: true,
          datePattern: 'YYYY-MM-DD',
          timePattern: 'HH:mm:ss',
          fontSizeClock: 20,
          fontSizeDate: 20,
        },
      },
    ],
  };
}
